"use strict";(self.rspackChunkjupyter_docker_magics=self.rspackChunkjupyter_docker_magics||[]).push([[700],{646(e,o,r){var t=r(601),n=r.n(t),a=r(314),i=(r.n(a))()(n());i.push([e.id,`/* The Docker sidebar (src/panel.ts) and Dockerfile colours (src/dockerfile.ts). */

.jp-DockerPanel {
  display: flex;
  flex-direction: column;
  overflow-y: auto;
  overflow-anchor: none; /* panel.ts keeps the item in view itself, across refreshes */
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
  font-size: var(--jp-ui-font-size1);
  padding: 0 8px 8px;
}

/* Header and filter stay on screen while the lists scroll under them. */
.jp-DockerPanel-top {
  position: sticky;
  top: 0;
  z-index: 1;
  background: var(--jp-layout-color1);
  padding-bottom: 4px;
  border-bottom: 1px solid var(--jp-border-color2);
}

.jp-DockerPanel-filterbar {
  display: flex;
  flex-wrap: wrap;
  gap: 2px 10px;
}

.jp-DockerPanel-filter.jp-mod-styled {
  flex: 1 0 100%;
  box-sizing: border-box;
  height: 24px;
  padding: 0 6px;
  font-size: var(--jp-ui-font-size1);
}

.jp-DockerPanel-check {
  display: flex;
  align-items: center;
  gap: 3px;
  font-size: var(--jp-ui-font-size0);
  color: var(--jp-ui-font-color2);
  cursor: pointer;
}

.jp-DockerPanel-header {
  display: flex;
  align-items: center;
  justify-content: space-between;
}

.jp-DockerPanel-header h2 {
  font-size: var(--jp-ui-font-size1);
  font-weight: 600;
  text-transform: uppercase;
  letter-spacing: 1px;
  margin: 8px 0;
}

.jp-DockerPanel-refresh {
  background: none;
  border: none;
  cursor: pointer;
  padding: 2px 4px;
}

.jp-DockerPanel.jp-mod-loading .jp-DockerPanel-refresh {
  opacity: 0.4;
}

.jp-DockerPanel-message {
  padding: 6px 8px;
  margin-bottom: 6px;
  border-left: 3px solid var(--jp-warn-color1);
  background: var(--jp-layout-color2);
}

.jp-DockerPanel-heading {
  display: flex;
  gap: 4px;
  width: 100%;
  background: none;
  border: none;
  padding: 0;
  cursor: pointer;
  font-size: var(--jp-ui-font-size1);
  font-weight: 600;
  margin: 10px 0 4px;
  color: var(--jp-ui-font-color2);
  text-align: left;
}

.jp-DockerPanel-count::before {
  content: '(';
}

.jp-DockerPanel-count::after {
  content: ')';
}

.jp-DockerPanel-section.jp-mod-collapsed ul,
.jp-DockerPanel-section.jp-mod-collapsed .jp-DockerPanel-empty {
  display: none;
}

.jp-DockerPanel-port {
  flex: none;
  align-self: center;
  padding: 0 2px;
  font-size: var(--jp-ui-font-size0);
  color: var(--jp-content-link-color);
  text-decoration: none;
}

.jp-DockerPanel-port:hover {
  text-decoration: underline;
}

.jp-DockerPanel-section ul {
  list-style: none;
  margin: 0;
  padding: 0;
}

.jp-DockerPanel-container,
.jp-DockerPanel-image {
  padding: 5px 0;
  border-bottom: 1px solid var(--jp-border-color2);
}

.jp-DockerPanel-image .jp-DockerPanel-row {
  justify-content: space-between;
  gap: 8px;
  margin-bottom: 3px;
}

.jp-DockerPanel-row {
  display: flex;
  align-items: center;
  gap: 6px;
}

.jp-DockerPanel-name {
  min-width: 0;
  font-family: var(--jp-code-font-family);
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.jp-DockerPanel-size,
.jp-DockerPanel-info,
.jp-DockerPanel-empty,
.jp-DockerPanel-footer {
  color: var(--jp-ui-font-color2);
  font-size: var(--jp-ui-font-size0);
}

.jp-DockerPanel-size {
  white-space: nowrap;
}

.jp-DockerPanel-info {
  margin: 2px 0 4px;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.jp-DockerPanel-footer {
  margin-top: 8px;
}

.jp-DockerPanel-badge {
  border-radius: 8px;
  padding: 0 6px;
  font-size: var(--jp-ui-font-size0);
  color: white;
  background: var(--jp-layout-color4);
}

.jp-DockerPanel-badge.jp-mod-running {
  background: var(--jp-success-color1);
}

.jp-DockerPanel-badge.jp-mod-paused,
.jp-DockerPanel-badge.jp-mod-restarting {
  background: var(--jp-warn-color1);
}

.jp-DockerPanel-badge.jp-mod-created {
  background: var(--jp-info-color1);
}

.jp-DockerPanel-badge.jp-mod-dead,
.jp-DockerPanel-badge.jp-mod-removing {
  background: var(--jp-error-color1);
}

.jp-DockerPanel-actions {
  display: flex;
  flex-wrap: wrap;
  gap: 4px;
}

.jp-DockerPanel-action.jp-mod-styled {
  font-size: var(--jp-ui-font-size0);
  height: 20px;
  line-height: 18px;
  padding: 0 7px;
  cursor: pointer;
}

/* The notebook's own Python colours are inner spans: colour them too. */
.cm-editor .jp-DockerfileKeyword,
.cm-editor .jp-DockerfileKeyword * {
  color: var(--jp-mirror-editor-keyword-color) !important;
  font-weight: bold;
}

.cm-editor .jp-DockerfileComment,
.cm-editor .jp-DockerfileComment * {
  color: var(--jp-mirror-editor-comment-color) !important;
  font-style: italic;
}

.cm-editor .jp-DockerfileVariable,
.cm-editor .jp-DockerfileVariable * {
  color: var(--jp-mirror-editor-variable-2-color) !important;
}

.jp-DockerPanel [hidden] {
  display: none !important;
}

.jp-DockerPanel-engine {
  overflow-wrap: anywhere;
}

/* The Terminal tab (src/terminal.ts): no prompt column, the terminal fills the tab. */
.jp-DockerTerminal-output {
  display: flex;
  flex-direction: column;
  padding: 8px;
  overflow: hidden;
  background: var(--jp-layout-color1);
}

.jp-DockerTerminal-output .jp-OutputPrompt {
  display: none;
}

.jp-DockerTerminal-output > .jp-OutputArea-child,
.jp-DockerTerminal-output .jp-OutputArea-output,
.jp-DockerTerminal-output .jp-OutputArea-output > *,
.jp-DockerTerminal-output .jd-terminal {
  display: flex;
  flex-direction: column;
  flex: 1 1 auto;
  min-height: 0;
}

.jp-DockerTerminal-output .jd-terminal-screen {
  flex: 1 1 auto;
  height: auto;
  min-height: 10em;
}

/* Its tab as wide as "Terminal: NAME" (JupyterLab's tabs are 216px and cut the name). */
.lm-DockPanel-tabBar .lm-TabBar-tab[data-id^='jupyter-docker-terminal-'] {
  flex: 0 0 auto;
}

.lm-DockPanel-tabBar .lm-TabBar-tab[data-id^='jupyter-docker-terminal-'] .lm-TabBar-tabLabel {
  flex: 0 0 auto;
  max-width: 400px;
}
`,""]),r.d(o,{},{A:i})},314(e){e.exports=function(e){var o=[];return o.toString=function(){return this.map(function(o){var r="",t=void 0!==o[5];return o[4]&&(r+="@supports (".concat(o[4],") {")),o[2]&&(r+="@media ".concat(o[2]," {")),t&&(r+="@layer".concat(o[5].length>0?" ".concat(o[5]):""," {")),r+=e(o),t&&(r+="}"),o[2]&&(r+="}"),o[4]&&(r+="}"),r}).join("")},o.i=function(e,r,t,n,a){"string"==typeof e&&(e=[[null,e,void 0]]);var i={};if(t)for(var p=0;p<this.length;p++){var c=this[p][0];null!=c&&(i[c]=!0)}for(var l=0;l<e.length;l++){var s=[].concat(e[l]);t&&i[s[0]]||(void 0!==a&&(void 0===s[5]||(s[1]="@layer".concat(s[5].length>0?" ".concat(s[5]):""," {").concat(s[1],"}")),s[5]=a),r&&(s[2]&&(s[1]="@media ".concat(s[2]," {").concat(s[1],"}")),s[2]=r),n&&(s[4]?(s[1]="@supports (".concat(s[4],") {").concat(s[1],"}"),s[4]=n):s[4]="".concat(n)),o.push(s))}},o}},601(e){e.exports=function(e){return e[1]}},72(e){var o=[];function r(e){for(var r=-1,t=0;t<o.length;t++)if(o[t].identifier===e){r=t;break}return r}function t(e,t){for(var n={},a=[],i=0;i<e.length;i++){var p=e[i],c=t.base?p[0]+t.base:p[0],l=n[c]||0,s="".concat(c," ").concat(l);n[c]=l+1;var d=r(s),u={css:p[1],media:p[2],sourceMap:p[3],supports:p[4],layer:p[5]};if(-1!==d)o[d].references++,o[d].updater(u);else{var f=function(e,o){var r=o.domAPI(o);return r.update(e),function(o){o?(o.css!==e.css||o.media!==e.media||o.sourceMap!==e.sourceMap||o.supports!==e.supports||o.layer!==e.layer)&&r.update(e=o):r.remove()}}(u,t);t.byIndex=i,o.splice(i,0,{identifier:s,updater:f,references:1})}a.push(s)}return a}e.exports=function(e,n){var a=t(e=e||[],n=n||{});return function(e){e=e||[];for(var i=0;i<a.length;i++){var p=r(a[i]);o[p].references--}for(var c=t(e,n),l=0;l<a.length;l++){var s=r(a[l]);0===o[s].references&&(o[s].updater(),o.splice(s,1))}a=c}}},659(e){var o={};e.exports=function(e,r){var t=function(e){if(void 0===o[e]){var r=document.querySelector(e);if(window.HTMLIFrameElement&&r instanceof window.HTMLIFrameElement)try{r=r.contentDocument.head}catch(e){r=null}o[e]=r}return o[e]}(e);if(!t)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");t.appendChild(r)}},540(e){e.exports=function(e){var o=document.createElement("style");return e.setAttributes(o,e.attributes),e.insert(o,e.options),o}},56(e,o,r){e.exports=function(e){var o=r.nc;o&&e.setAttribute("nonce",o)}},825(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var o=e.insertStyleElement(e);return{update:function(r){var t,n,a;t="",r.supports&&(t+="@supports (".concat(r.supports,") {")),r.media&&(t+="@media ".concat(r.media," {")),(n=void 0!==r.layer)&&(t+="@layer".concat(r.layer.length>0?" ".concat(r.layer):""," {")),t+=r.css,n&&(t+="}"),r.media&&(t+="}"),r.supports&&(t+="}"),(a=r.sourceMap)&&"u">typeof btoa&&(t+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(a))))," */")),e.styleTagTransform(t,o,e.options)},remove:function(){var e;null===(e=o).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,o){if(o.styleSheet)o.styleSheet.cssText=e;else{for(;o.firstChild;)o.removeChild(o.firstChild);o.appendChild(document.createTextNode(e))}}},959(e,o,r){var t=r(72),n=r.n(t),a=r(825),i=r.n(a),p=r(659),c=r.n(p),l=r(56),s=r.n(l),d=r(540),u=r.n(d),f=r(113),m=r.n(f),j=r(646),k={};k.styleTagTransform=m(),k.setAttributes=s(),k.insert=c().bind(null,"head"),k.domAPI=i(),k.insertStyleElement=u(),n()(j.A,k),j.A&&j.A.locals&&j.A.locals}}]);