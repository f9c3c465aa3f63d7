/* the browser workspace: see the web branch */
